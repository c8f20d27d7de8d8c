import { enableCompileCache } from 'node:module';

/**
 * Imported first by main.ts and worker.ts: Node keeps the compiled code of the modules it loads
 * on disk, so a restart skips compiling them again (most of a boot is loading modules).
 */
enableCompileCache();
