/** IAM answers NoSuchEntity for an object that does not exist: read that as "absent", never as a failure. */
import { NoSuchEntityException } from '@aws-sdk/client-iam';

/** The result of an IAM call, or undefined when its object does not exist (any other error is thrown). */
export async function ifExists<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof NoSuchEntityException) return undefined;
    throw err;
  }
}

/** Whether an IAM Get call finds its object (NoSuchEntity: false; any other error is thrown). */
export async function exists(get: () => Promise<unknown>): Promise<boolean> {
  return (await ifExists(async () => (await get(), true))) ?? false;
}
