import { pythonStack } from './python.js';

export const flask = pythonStack({
  name: 'flask',
  label: 'Flask + Marshmallow',
  validations: ['native', 'off'],
  docs: 'none built in: the shared OpenAPI document, served as a file',
  runtime: 'WSGI, threads (Gunicorn gthread)',
  serverConfig: 'Gunicorn, 1 worker process, gthread worker class, keep-alive, access log off',
  busyThreads: 'all',
  packages: ['flask', 'marshmallow', 'gunicorn'],
});
