// A study file with a typo: `objectiv` instead of `objective`.
export function objectiv(): number {
  return 1;
}
export const studyOptions = { direction: 'minimize' };
