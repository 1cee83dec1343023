/** A deploy or plan failure a person can act on; `output` keeps Terraform's full text. Its own module so entry points can map it to an exit code without loading the deploy. */
export class DeployError extends Error {
  constructor(
    message: string,
    readonly output = '',
  ) {
    super(message);
    this.name = 'DeployError';
  }
}
