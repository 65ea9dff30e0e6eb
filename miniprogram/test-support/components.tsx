import type { CSSProperties, ReactNode } from 'react';

/** Plain DOM stand-ins for Taro's components, passing through what the tests query by. */
interface Common {
  id?: string;
  className?: string;
  style?: CSSProperties | string;
  children?: ReactNode;
  onClick?: () => void;
}

const styleOf = (style: Common['style']) => (typeof style === 'object' ? style : undefined);

export const View = ({ id, className, style, children, onClick }: Common) => (
  // biome-ignore lint/a11y/noStaticElementInteractions: a stand-in for Taro's View, which takes taps
  <div id={id} className={className} style={styleOf(style)} onClick={onClick} onKeyDown={undefined}>
    {children}
  </div>
);

export const Text = ({ id, className, style, children }: Common) => (
  <span id={id} className={className} style={styleOf(style)}>
    {children}
  </span>
);

export const Image = ({ id, className, src }: Common & { src: string }) => (
  <img id={id} className={className} src={src} alt="" />
);

interface ButtonProps extends Common {
  disabled?: boolean;
  openType?: string;
  /** WeChat's phone button: a tap here hands over the code `phone-code`, as WeChat would after consent. */
  onGetPhoneNumber?: (event: { detail: { code?: string } }) => void;
}

export const Button = ({ id, className, children, onClick, disabled, openType, onGetPhoneNumber }: ButtonProps) => (
  <button
    type="button"
    id={id}
    className={className}
    disabled={disabled}
    onClick={openType === 'getPhoneNumber' ? () => onGetPhoneNumber?.({ detail: { code: 'phone-code' } }) : onClick}
  >
    {children}
  </button>
);

interface InputProps extends Common {
  value?: string;
  placeholder?: string;
  onInput?: (event: { detail: { value: string } }) => void;
  onConfirm?: (event: { detail: { value: string } }) => void;
}

export const Input = ({ id, className, value, placeholder, onInput, onConfirm }: InputProps) => (
  <input
    id={id}
    className={className}
    value={value}
    placeholder={placeholder}
    onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    onKeyDown={(e) => {
      if (e.key === 'Enter')
        onConfirm?.({
          detail: { value: (e.target as HTMLInputElement).value },
        });
    }}
  />
);

interface PickerProps extends Common {
  mode?: string;
  value?: string;
  onChange?: (event: { detail: { value: string } }) => void;
}

/** Taro's Picker: its children, and an input (`.picker-stand-in`) a test changes to pick a value. */
export const Picker = ({ id, children, value, onChange }: PickerProps) => (
  <div id={id}>
    {children}
    <input
      className="picker-stand-in"
      value={value}
      onChange={(e) => onChange?.({ detail: { value: e.target.value } })}
    />
  </div>
);
