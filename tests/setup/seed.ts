/** The seed every fast-check property starts from unless FC_SEED says otherwise (tests/setup/fast-check.ts). */
export const FAST_CHECK_SEED = 20250615;
