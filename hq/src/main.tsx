import { App as AntApp, ConfigProvider } from 'antd';
// The ES build: antd/locale/zh_CN is a CommonJS re-export whose default the bundler hands over as
// the module object, and antd then falls back to English ("No data", "Select date").
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Console } from './console';

dayjs.locale('zh-cn');

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#c8102e' } }}>
      <AntApp>
        <Console />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
