/** Moved to tools/terraform/synthesized.ts; kept until tools/scan/checkov.ts imports it from there. */
export * from '../terraform/synthesized';
