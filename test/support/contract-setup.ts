// E2E setup (jest setupFilesAfterEnv): after a file's tests, every response its test apps sent must
// have matched the OpenAPI document (src/openapi/contract.ts), or the file fails, naming them.
import { openContracts } from './contracts';

afterAll(() => {
  const contracts = openContracts.splice(0);
  for (const contract of contracts) contract.assertClean();
});
