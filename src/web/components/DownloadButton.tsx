import { Button, message } from 'antd';
import { useState } from 'react';
import { download } from '../lib/api';
import { useErrorText } from './ErrorAlert';

/** A button that fetches a file with the session's headers and saves it. */
export function DownloadButton({
  path,
  fileName,
  file,
  children,
  testId,
  type = 'default',
}: {
  path: string;
  fileName: string;
  file?: File;
  children: React.ReactNode;
  testId?: string;
  type?: 'default' | 'primary';
}) {
  const [busy, setBusy] = useState(false);
  const errorText = useErrorText();
  const [messageApi, holder] = message.useMessage();
  return (
    <>
      {holder}
      <Button
        type={type}
        size="large"
        loading={busy}
        data-testid={testId}
        onClick={() => {
          setBusy(true);
          download(path, fileName, file)
            .catch((error: unknown) => void messageApi.error(errorText(error)))
            .finally(() => setBusy(false));
        }}
      >
        <span aria-hidden="true">⤓&nbsp;</span>
        {children}
      </Button>
    </>
  );
}
