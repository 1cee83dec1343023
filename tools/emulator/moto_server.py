"""
moto_server with the IAM call it lacks that deleting a user needs.

Terraform's aws_iam_user with force_destroy lists the user's service-specific
credentials before deleting it. moto 5.2.5 does not implement
ListServiceSpecificCredentials and answers HTTP 500, which the AWS provider
retries for many minutes, so offboarding a person hung against the emulator.
moto cannot create such credentials either, so the true answer is always an
empty list; unknown users still get NoSuchEntity, as from AWS.
"""
import sys

from moto.iam.responses import IamResponse
from moto.server import main

LIST_SERVICE_SPECIFIC_CREDENTIALS = """<ListServiceSpecificCredentialsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListServiceSpecificCredentialsResult>
    <ServiceSpecificCredentials/>
  </ListServiceSpecificCredentialsResult>
  <ResponseMetadata>
    <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
  </ResponseMetadata>
</ListServiceSpecificCredentialsResponse>"""


def list_service_specific_credentials(self):
    user_name = self._get_param("UserName")
    if user_name:
        self.backend.get_user(user_name)
    return LIST_SERVICE_SPECIFIC_CREDENTIALS


if not hasattr(IamResponse, "list_service_specific_credentials"):
    IamResponse.list_service_specific_credentials = list_service_specific_credentials

if __name__ == "__main__":
    main(sys.argv[1:])
