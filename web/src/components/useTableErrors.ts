import { App } from 'antd';
import { errorMessage } from '../api/client.js';

/** ProTable swallows a failed `request`; this shows the server's Chinese message instead. */
export function useTableErrors(): (error: Error) => void {
  const { message } = App.useApp();
  return (error) => {
    message.error(errorMessage(error));
  };
}
