import { ElMessageBox } from 'element-plus';

/** Asks before a deletion (删除 / 取消); true when confirmed, false when cancelled or closed. */
export async function confirmDelete(message: string, title: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText: '删除', cancelButtonText: '取消', type: 'warning' });
    return true;
  } catch {
    return false;
  }
}
