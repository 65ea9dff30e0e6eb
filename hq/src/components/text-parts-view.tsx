import { Tooltip, Typography } from 'antd';
import { shortId, type TextPart } from '../text-parts';

/** A line of text parts: each id shortened, the full id in a tooltip (and copyable). */
export function TextPartsView({ parts }: { parts: TextPart[] }) {
  return (
    <Typography.Text>
      {parts.map((part, index) =>
        typeof part === 'string' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one line never reorder
          <span key={index}>{part}</span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one line never reorder
          <Tooltip key={index} title={part.id}>
            <Typography.Text code>{shortId(part.id)}</Typography.Text>
          </Tooltip>
        ),
      )}
    </Typography.Text>
  );
}
