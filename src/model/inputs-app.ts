/** The inputs that say which App dispatches and how it signs (or which broker holds it). */
import type { InputDeclaration } from './input-declaration.js'

/** The inputs of the section 'The App', in action.yml's order. */
export const APP_INPUTS: readonly InputDeclaration[] = [
  {
    name: 'client-id',
    kind: 'line',
    option: 'clientId',
    flag: 'client-id',
    placeholder: 'ID',
    env: 'GITHUB_APP_CLIENT_ID',
    section: 'The App',
    description:
      "The GitHub App's Client ID (Iv…), the JWT issuer GitHub recommends; its numeric App ID works too. Required unless app-id, its older name, or broker-url is set.",
    help: "The App's Client ID (Iv…) or numeric App ID."
  },
  {
    name: 'app-id',
    kind: 'line',
    option: 'appId',
    flag: 'app-id',
    placeholder: 'ID',
    env: 'GITHUB_APP_ID',
    section: 'The App',
    description:
      "The older name of client-id, still accepted: the GitHub App's numeric App ID or its Client ID (Iv…). Give one of the two (both only if equal).",
    help: 'The older name of --client-id (App ID or Client ID).'
  },
  {
    name: 'private-key',
    kind: 'text',
    option: 'privateKey',
    flag: 'private-key',
    placeholder: 'PEM',
    env: 'GITHUB_APP_PRIVATE_KEY',
    section: 'The App',
    description:
      "The App's private key (PEM, PKCS#1 or PKCS#8). Literal \\n line breaks and base64-encoded PEM are accepted. Pass it from a secret. Required unless aws-kms-key-id or broker-url is set.",
    help: 'The key itself (prefer --private-key-file or the variable: flags show up in process listings).'
  },
  {
    name: 'aws-kms-key-id',
    kind: 'line',
    option: 'awsKmsKeyId',
    flag: 'aws-kms-key-id',
    placeholder: 'KEY',
    env: 'GITHUB_APP_KMS_KEY_ID',
    section: 'The App',
    description:
      "Instead of private-key: the AWS KMS key (ID, ARN or alias) that holds the App's private key and signs its JWT; the key never leaves KMS (see docs/keyless.md). AWS credentials come from the environment or from aws-role-to-assume.",
    help: "Sign the App's JWT with this AWS KMS key instead of a private key (ID, ARN or alias/NAME)."
  },
  {
    name: 'aws-region',
    kind: 'line',
    option: 'awsRegion',
    flag: 'aws-region',
    placeholder: 'REGION',
    section: 'The App',
    description: "With aws-kms-key-id: the key's region. Default: the region in the key's ARN, else AWS_REGION or AWS_DEFAULT_REGION.",
    help: "The KMS key's region. Default: the key ARN's, else $AWS_REGION, else $AWS_DEFAULT_REGION."
  },
  {
    name: 'aws-role-to-assume',
    kind: 'line',
    option: 'awsRoleToAssume',
    flag: 'aws-role-to-assume',
    placeholder: 'ARN',
    section: 'The App',
    description:
      "With aws-kms-key-id: an IAM role to assume with the job's OIDC token (the job needs permissions: id-token: write) for 15 minutes; the credentials stay in this step, masked. Default: the credentials in the environment.",
    help: "With --aws-kms-key-id in a GitHub Actions job: assume this IAM role with the job's OIDC token."
  },
  {
    name: 'installation-id',
    kind: 'line',
    option: 'installationId',
    flag: 'installation-id',
    placeholder: 'ID',
    section: 'The App',
    description: "The App installation's ID. When set, the installation lookup is skipped.",
    help: 'Skip the installation lookup (one owner only).'
  },
  {
    name: 'broker-url',
    kind: 'line',
    option: 'brokerUrl',
    flag: 'broker-url',
    placeholder: 'URL',
    env: 'APP_DISPATCH_BROKER_URL',
    section: 'The App',
    description:
      "Instead of app-id and a key: the dispatch broker that holds the App (docs/broker.md). The step sends it the job's OIDC token (the job needs permissions: id-token: write) and holds no key; the target repository's policy decides. https only (plain http only for 127.0.0.1, localhost or [::1]).",
    help: "Dispatch through this broker (it holds the App) with the job's OIDC token, instead of --app-id and a key."
  },
  {
    name: 'broker-audience',
    kind: 'line',
    option: 'brokerAudience',
    flag: 'broker-audience',
    placeholder: 'AUD',
    env: 'APP_DISPATCH_BROKER_AUDIENCE',
    section: 'The App',
    description: "With broker-url: the audience (aud) of the job's OIDC token, as the broker is configured. Default: broker-url's origin.",
    help: "With --broker-url: the OIDC token's audience. Default: the broker URL's origin."
  },
  {
    name: 'github-api-url',
    kind: 'line',
    option: 'apiUrl',
    flag: 'api-url',
    placeholder: 'URL',
    env: 'GITHUB_API_URL',
    default: 'https://api.github.com',
    actionDefault: '${{ github.api_url }}',
    section: 'The App',
    description:
      'The REST API URL; https://HOST/api/v3 for GitHub Enterprise Server. https only (plain http only for 127.0.0.1, localhost or [::1]).',
    help: 'REST API URL (GitHub Enterprise Server: https://HOST/api/v3).'
  }
]
