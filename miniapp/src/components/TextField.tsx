import { Input, View } from '@tarojs/components';

interface TextFieldProps {
  label: string;
  /** `data-testid` of the input; its error line gets `${testId}-error`. */
  testId: string;
  value: string;
  placeholder: string;
  maxlength: number;
  type?: 'text' | 'idcard' | 'number';
  error?: string | null;
  onInput: (value: string) => void;
  onBlur?: () => void;
}

/** One labelled text cell of a WeUI form, with its error under it. */
export function TextField(props: TextFieldProps) {
  return (
    <>
      <View className="cell field">
        <View className="field__label">{props.label}</View>
        <Input
          className="field__input"
          data-testid={props.testId}
          type={props.type ?? 'text'}
          value={props.value}
          placeholder={props.placeholder}
          maxlength={props.maxlength}
          onInput={(event) => props.onInput(event.detail.value)}
          onBlur={props.onBlur}
        />
      </View>
      {props.error && (
        <View className="field__error" data-testid={`${props.testId}-error`}>
          {props.error}
        </View>
      )}
    </>
  );
}
