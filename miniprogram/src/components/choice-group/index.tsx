/**
 * One question with a few big answers to tap (the survey): each answer is a block with its own
 * id (`<idPrefix>-<value>`), wide enough for an unsteady finger; the chosen one is marked with a
 * tick and a colour, never by colour alone.
 */
import { Text, View } from '@tarojs/components';
import './index.scss';

export interface ChoiceGroupProps<V extends string | number> {
  idPrefix: string;
  choices: readonly { value: V; label: string }[];
  selected?: V;
  onSelect: (value: V) => void;
}

export default function ChoiceGroup<V extends string | number>({
  idPrefix,
  choices,
  selected,
  onSelect,
}: ChoiceGroupProps<V>) {
  return (
    <View className='choice-group'>
      {choices.map((choice) => {
        const isSelected = choice.value === selected;
        return (
          <View
            key={choice.value}
            id={`${idPrefix}-${choice.value}`}
            className={isSelected ? 'choice is-selected' : 'choice'}
            onClick={() => onSelect(choice.value)}
          >
            <Text>
              {isSelected ? '✓ ' : ''}
              {choice.label}
            </Text>
          </View>
        );
      })}
    </View>
  );
}
