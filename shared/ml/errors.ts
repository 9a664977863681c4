/** Bad input to a model: names the column or setting and says what is wrong. */
export class ModelInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ModelInputError';
  }
}

export class FitCancelled extends Error {
  constructor() {
    super('The fit was cancelled.');
    this.name = 'FitCancelled';
  }
}

/** Progress (0..1) and cancel, for a notebook cell or a worker to drive. */
export interface FitControl {
  onProgress?: (fraction: number, message: string) => void;
  isCancelled?: () => boolean;
}

export function checkCancel(control: FitControl | undefined): void {
  if (control?.isCancelled?.()) throw new FitCancelled();
}
