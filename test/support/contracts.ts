/** The contract checks of the running file's test apps (see contract-setup.ts). Imports nothing heavy. */
export const openContracts: { assertClean(): void }[] = [];
