import { AccountAlternateContact } from '@cdktf/provider-aws/lib/account-alternate-contact';
import { Construct } from 'constructs';
import type { Settings } from '../roster/schema';
import { flatId } from './flat-id';

export interface SecurityContactProps {
  /** The security team's distribution list, from settings.securityContact. */
  readonly contact: NonNullable<Settings['securityContact']>;
}

/** The account's SECURITY alternate contact: where AWS sends security notices. */
export class SecurityContact extends Construct {
  readonly alternateContact: AccountAlternateContact;

  constructor(scope: Construct, id: string, props: SecurityContactProps) {
    super(scope, id);
    const { contact } = props;
    this.alternateContact = flatId(
      new AccountAlternateContact(this, 'contact', {
        alternateContactType: 'SECURITY',
        name: contact.name,
        title: contact.title,
        emailAddress: contact.email,
        phoneNumber: contact.phone,
      }),
      'security-contact',
    );
  }
}
