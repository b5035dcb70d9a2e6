import Taro from '@tarojs/taro';
import type { DataExportResponse } from '@puhui/shared';

/**
 * Hands the export to the user inside the app: the browser build downloads a JSON file; WeChat writes it
 * to the mini-program's user folder and offers to send it to a chat (WeChat's way to keep a file).
 */
export async function saveExport(data: DataExportResponse): Promise<void> {
  const text = JSON.stringify(data, null, 2);
  const name = `我的信息-${data.exportedAt.slice(0, 10)}.json`;
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.dataset.testid = 'my-data-file';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    return;
  }
  const wxApi = (globalThis as unknown as { wx: WechatFileApi }).wx;
  const filePath = `${wxApi.env.USER_DATA_PATH}/${name}`;
  wxApi.getFileSystemManager().writeFileSync(filePath, text, 'utf8');
  await new Promise<void>((resolve) =>
    wxApi.shareFileMessage({ filePath, fileName: name, complete: () => resolve() }),
  );
  void Taro.showToast({ title: '已生成', icon: 'success' });
}

interface WechatFileApi {
  env: { USER_DATA_PATH: string };
  getFileSystemManager(): { writeFileSync(path: string, data: string, encoding: string): void };
  shareFileMessage(o: { filePath: string; fileName: string; complete: () => void }): void;
}
