/**
 * One case for staff: what it is about, the reporter (masked, 显示 on request), possible
 * duplicates beside it, the actions the role may take now, and the timeline. An action is sent
 * with the version read, so when someone else changed the case first the server refuses (409):
 * the page then reloads the case and says so plainly.
 */
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { getCase, listDuplicates, takeAction } from '../../../../api/staff-api';
import { getStaffProfile } from '../../../../api/staff-auth';
import { ApiError } from '../../../../api/http-client';
import {
  ACTION_LABELS,
  offeredActions,
  type ActionBody,
  type StaffAction,
} from '../../../../domain/staff-actions';
import type { DuplicateCandidate, StaffCaseDetail, StaffCaseListItem } from '../../../../domain/staff-case';
import ActionForm from '../../components/action-form';
import { CaseSummary, StaffTimeline } from '../../components/case-summary';
import DuplicatePanel from '../../components/duplicate-panel';
import ReporterCard from '../../components/reporter-card';
import '../../staff.scss';
import LoadFailure from '../../../../components/load-failure';

type Load =
  { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; detail: StaffCaseDetail };

const MAX_COMPARED = 3;

export default function StaffCasePage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const role = getStaffProfile()?.role;
  const checksDuplicates = role === 'center' || role === 'office';
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [candidates, setCandidates] = useState<DuplicateCandidate[]>([]);
  const [candidateCases, setCandidateCases] = useState<Record<string, StaffCaseListItem>>({});
  const [open, setOpen] = useState<{ action: StaffAction; mergeInto?: string } | null>(null);
  const [notice, setNotice] = useState('');

  async function loadDuplicates() {
    if (!checksDuplicates) return;
    const found = await listDuplicates(id).catch(() => []);
    setCandidates(found);
    const compared = await Promise.all(
      found.slice(0, MAX_COMPARED).map((c) => getCase(c.caseId).catch(() => undefined)),
    );
    setCandidateCases(Object.fromEntries(compared.flatMap((item) => (item ? [[item.id, item]] : []))));
  }

  /** Quietly keeps what is on screen while reloading, so an open form and its message stay. */
  async function reload(quiet = false): Promise<StaffCaseDetail | undefined> {
    if (!quiet) setLoad({ state: 'loading' });
    try {
      const detail = await getCase(id);
      setLoad({ state: 'ready', detail });
      return detail;
    } catch (error) {
      if (!quiet)
        setLoad({ state: 'failed', message: error instanceof Error ? error.message : '加载没有成功。' });
      return undefined;
    }
  }

  useEffect(() => {
    void reload();
    void loadDuplicates();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load again only when another case is opened
  }, [id]);

  async function submit(action: StaffAction, body: ActionBody) {
    try {
      const updated = await takeAction(id, action, body);
      setLoad({ state: 'ready', detail: updated });
      setOpen(null);
      setNotice(`已${ACTION_LABELS[action]}。案件现在的状态：${updated.statusLabel}。`);
      if (action === 'merge' || action === 'unmerge') void loadDuplicates();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const fresh = await reload(true);
        if (fresh && !fresh.allowedActions.includes(action)) {
          setOpen(null);
          setNotice(`${error.message}页面已更新为最新情况，现在的状态：${fresh.statusLabel}。`);
        }
        throw new ApiError(error.code, 409, `${error.message}页面已更新为最新情况，请核对后再操作。`);
      }
      throw error;
    }
  }

  if (load.state === 'loading') return <View className='page muted'>正在加载…</View>;
  if (load.state === 'failed')
    return (
      <View className='page'>
        <LoadFailure message={load.message} onRetry={() => void reload()} />
      </View>
    );

  const { detail } = load;
  const actions = offeredActions(detail.allowedActions);
  return (
    <View className='page'>
      {notice && (
        <Text id='action-result' className='staff-notice'>
          {notice}
        </Text>
      )}
      <CaseSummary detail={detail} />
      <ReporterCard
        caseId={detail.id}
        reporter={detail.reporter}
        mayReveal={role === 'center' || role === 'department' || role === 'unit'}
      />
      <DuplicatePanel
        detail={detail}
        candidates={candidates}
        candidateCases={candidateCases}
        mayMerge={actions.includes('merge')}
        onMerge={(mergeInto) => setOpen({ action: 'merge', mergeInto })}
      />
      <Text className='section-title'>办理</Text>
      {actions.length === 0 ? (
        <View className='card'>
          <Text className='muted'>您现在不需要对这个案件进行操作。</Text>
        </View>
      ) : (
        <View className='case-actions'>
          {actions.map((action) => (
            <Button
              key={action}
              id={`action-${action}`}
              className={
                open?.action === action
                  ? 'primary-button case-actions__button'
                  : 'secondary-button case-actions__button'
              }
              onClick={() => {
                setNotice('');
                setOpen({ action });
              }}
            >
              {ACTION_LABELS[action]}
            </Button>
          ))}
        </View>
      )}
      {open && (
        <ActionForm
          key={`${open.action}-${open.mergeInto ?? ''}`}
          action={open.action}
          detail={detail}
          candidates={candidates}
          mergeInto={open.mergeInto}
          onSubmit={(body) => submit(open.action, body)}
          onCancel={() => setOpen(null)}
        />
      )}
      <Text className='section-title'>办理过程</Text>
      <View className='card'>
        <StaffTimeline events={detail.timeline} />
      </View>
    </View>
  );
}
