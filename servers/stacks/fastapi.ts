import { pythonStack } from './python.js';

export const fastapi = pythonStack({
  name: 'fastapi',
  label: 'FastAPI + Uvicorn',
  validations: ['native', 'off'],
  docs: 'pydantic v2 models → OpenAPI (FastAPI built-in)',
  runtime: 'asyncio on uvloop, ASGI (Uvicorn + httptools)',
  serverConfig: 'Uvicorn, 1 worker process, uvloop + httptools, keep-alive, access log off',
  busyThreads: 'main',
  packages: ['fastapi', 'pydantic', 'uvicorn', 'uvloop', 'httptools'],
});
