/** Moved to tools/aws/clients.ts; kept until the deploy and the demo import it from there. */
export { iamClient } from '../aws/clients';
