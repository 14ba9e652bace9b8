import type { WebviewPage } from '../panels/html';

/** The Migrations panel's page: its script, its stylesheet and VS Code's codicons. */
export const migrationsPage: WebviewPage = {
  script: 'dist/webview/migrations.js',
  styles: ['dist/webview/codicons/codicon.css', 'media/webview.css', 'media/migrations.css'],
  title: 'Hyper-V Migrations',
};
