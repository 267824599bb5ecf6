/** The demo directory as the ROR's FHIR resources: it lives with the dataset, so that the seed and the local ROR share it. */
export * from '@trajectoire/demo-data/ror';
