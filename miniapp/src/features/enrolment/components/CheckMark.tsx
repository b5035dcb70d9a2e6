import { View } from '@tarojs/components';
import './enrolment.css';

/** WeUI's round tick: a grey ring, green and ticked when checked. Purely visual; the row takes the tap. */
export function CheckMark({ checked, disabled }: { checked: boolean; disabled?: boolean }) {
  const classes = ['check', checked && 'check--on', disabled && 'check--disabled'].filter(Boolean);
  return <View className={classes.join(' ')} />;
}
