import { useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { NoticeBody } from '../../components/NoticeBody';
import { PrintButton } from '../../components/ReadAloud';
import { usePublicNotice } from './api';
import { PublicLayout } from './PublicLayout';
import '../../components/print.css';

/** The notice board on a phone, reached by its QR code: no sign-in. */
export function PublicNoticePage() {
  const { id = '' } = useParams();
  const notice = usePublicNotice(id);
  return (
    <PublicLayout>
      {notice.isPending ? (
        <Loading />
      ) : notice.isError ? (
        <ErrorAlert error={notice.error} onRetry={() => void notice.refetch()} />
      ) : (
        <>
          <NoticeBody notice={notice.data} />
          <div className="linli-no-print" style={{ marginTop: 16 }}>
            <PrintButton />
          </div>
        </>
      )}
    </PublicLayout>
  );
}
