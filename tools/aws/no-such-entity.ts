/**
 * A service's "no such object" error read as "absent", never as a failure: IAM answers
 * NoSuchEntity; other services have their own class (account: ResourceNotFound, SNS: NotFound).
 */
import { NoSuchEntityException } from '@aws-sdk/client-iam';

/** The result of a call, or undefined when it throws `absent`, the service's error for an object that does not exist (any other error is thrown). */
export async function ifFound<T>(call: () => Promise<T>, absent: abstract new (...args: never[]) => Error): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof absent) return undefined;
    throw err;
  }
}

/** The result of an IAM call, or undefined when its object does not exist (any other error is thrown). */
export async function ifExists<T>(call: () => Promise<T>): Promise<T | undefined> {
  return ifFound(call, NoSuchEntityException);
}

/** Whether an IAM Get call finds its object (NoSuchEntity: false; any other error is thrown). */
export async function exists(get: () => Promise<unknown>): Promise<boolean> {
  return (await ifExists(async () => (await get(), true))) ?? false;
}
