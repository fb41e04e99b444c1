/** The setup the Python stacks share (`stackbench setup python`, or on first use). */
import type { StackSetup } from '../../servers/stacks/spec.js';
import { ensureVenv } from './venv.js';

export const pythonSetup: StackSetup = {
  name: 'python',
  description:
    "check python3 (≥ 3.10) and install the Python stacks' locked dependencies into a cached virtual environment",
  ensure: async (root, log) => {
    await ensureVenv(root, log);
  },
};
