/**
 * The face detector's one concept. Every face region the local API answers carries it, so the
 * canvas, the QA report and the COCO export name faces rather than "(no concept)"
 * (docs/vocabulary.md).
 */
export const faceConcept = { id: 'face', name: 'face' } as const;
