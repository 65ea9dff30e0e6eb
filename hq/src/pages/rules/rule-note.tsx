import { Card, Descriptions } from 'antd';
import { yuan } from '../../format';
import type { RuleAnswer, RuleKindConfig } from './rule-kinds';

/** The rule in force, field by field. */
export function RuleNote({ config, current }: { config: RuleKindConfig; current: RuleAnswer | null }) {
  if (!current) return null;
  return (
    <Card title="当前生效">
      <Descriptions column={1} size="small">
        {config.fields.map((field) => {
          const value = current.rule[field.name];
          const shown =
            value === undefined
              ? (field.emptyMeans ?? '不限')
              : field.kind === 'yuan'
                ? yuan(Number(value))
                : field.kind === 'percent'
                  ? `${Math.round(Number(value) * 10000) / 100}%`
                  : String(value);
          return (
            <Descriptions.Item key={field.name} label={field.label}>
              {shown}
            </Descriptions.Item>
          );
        })}
      </Descriptions>
    </Card>
  );
}
