/**
 * Possible duplicates (比对查重) beside the case, so center or office staff can compare the
 * description and place before merging it into one of them.
 */
import { Button, Text, View } from '@tarojs/components';
import {
  placeText,
  type DuplicateCandidate,
  type StaffCaseDetail,
  type StaffCaseListItem,
} from '../../../../domain/staff-case';

export interface DuplicatePanelProps {
  detail: StaffCaseDetail;
  candidates: readonly DuplicateCandidate[];
  /** Candidate details by case id, as far as they could be loaded. */
  candidateCases: Readonly<Record<string, StaffCaseListItem>>;
  mayMerge: boolean;
  onMerge: (trackingNumber: string) => void;
}

function Column({ title, item }: { title: string; item?: StaffCaseListItem }) {
  return (
    <View className='duplicates__column'>
      <Text className='staff-field__label'>{title}</Text>
      {item ? (
        <View>
          <Text className='status-tag'>{item.statusLabel}</Text>
          <Text className='staff-text'>{item.description}</Text>
          <Text className='muted'>{placeText(item.place)}</Text>
        </View>
      ) : (
        <Text className='muted'>详情暂时无法显示。</Text>
      )}
    </View>
  );
}

export default function DuplicatePanel({
  detail,
  candidates,
  candidateCases,
  mayMerge,
  onMerge,
}: DuplicatePanelProps) {
  if (candidates.length === 0) return null;
  return (
    <View>
      <Text className='section-title'>可能重复的举报</Text>
      {candidates.map((candidate) => (
        <View key={candidate.caseId} className='card duplicate-candidate'>
          <Text className='muted'>{candidate.reasons.join('；')}</Text>
          <View className='duplicates'>
            <Column title={`本案 ${detail.trackingNumber}`} item={detail} />
            <Column title={`疑似重复 ${candidate.trackingNumber}`} item={candidateCases[candidate.caseId]} />
          </View>
          {mayMerge && (
            <Button
              id={`merge-into-${candidate.trackingNumber}`}
              className='secondary-button'
              onClick={() => onMerge(candidate.trackingNumber)}
            >
              合并到 {candidate.trackingNumber}
            </Button>
          )}
        </View>
      ))}
    </View>
  );
}
