/**
 * The validated request: what every front end builds (from inputs, flags or
 * options) and the core carries out. Types only, plus the one name both
 * ends of a dispatch agree on.
 */

/** The key added to client_payload (and, on old GHES, to inputs) to find the run. */
export const DISTINCT_ID_KEY = 'distinct_id'

export interface Target {
  owner: string
  repo: string
  /** `owner/repo` as the user wrote it. */
  fullName: string
}

/** What is sent to every target. */
export type Mode =
  | {
      kind: 'repository_dispatch'
      eventType: string
      /**
       * The payload exactly as the user wrote it (JSON text of an object), so
       * it reaches GitHub unchanged: big integers, key order and unicode included.
       */
      clientPayloadJson: string
    }
  | {
      kind: 'workflow_dispatch'
      /** Workflow file name (deploy.yml) or numeric ID. */
      workflow: string
      /** Branch or tag; undefined means each target's default branch. */
      ref: string | undefined
      inputs: Record<string, WorkflowInputValue>
    }

export type WorkflowInputValue = string | number | boolean

/**
 * What every front end builds: either the step holds the App (AppPlan: a key,
 * KMS or createJwt) or a dispatch broker does (BrokerPlan: the step holds
 * only its job's OIDC token).
 */
export type Plan = AppPlan | BrokerPlan

export interface AppPlan extends PlanBase {
  broker?: undefined
  /** Numeric App ID or Client ID (`Iv…`); both are accepted as the JWT issuer. */
  appId: string
  /** Which input gave appId, for messages: 'client-id', or (when absent) its older name 'app-id'. */
  appIdInput?: 'client-id'
  /** How the App's JWT is signed: exactly one way. */
  appKey: AppKey
  /** Skip the installation lookup when set (only with a single owner). */
  installationId: number | undefined
}

export interface BrokerPlan extends PlanBase {
  broker: BrokerSettings
}

/** Where the dispatch broker is, and the job's OIDC token it is called with (model/broker-protocol.ts). */
export interface BrokerSettings {
  /** https URL without a trailing slash (http only for loopback). */
  url: string
  /** The `aud` the job's OIDC token is asked for. */
  audience: string
  /** The runner's token service: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN (a secret). */
  oidc: { requestUrl: string; requestToken: string }
}

export interface PlanBase {
  /** One or more, in input order, without duplicates. */
  targets: Target[]
  /** Entries of the target list dropped because they repeat an earlier one (case-insensitively), as written; said once in the log. */
  duplicateTargets?: string[]
  mode: Mode
  /** REST API base URL without a trailing slash. */
  apiUrl: string
  /** Dispatch requests in flight at once, across all targets. */
  maxConcurrency: number
  /** Follow each started run to its conclusion; undefined: don't wait. */
  wait: WaitSettings | undefined
}

export interface WaitSettings {
  timeoutSeconds: number
  pollIntervalSeconds: number
  /** Artifact whose outputs.json a completed run hands back; undefined: do not look. */
  outputsArtifact: string | undefined
  /** On cancellation or timeout, ask GitHub to cancel the runs still going. */
  cancelDownstream: boolean
  /** Lines of each failed job's log to show; 0: do not explain failures. */
  failureLogLines: number
  /** wait-jobs: the wait ends when the run's jobs of these names have concluded; []: when the run has. */
  jobs: string[]
}

/**
 * Signs the App's JWT (RS256) for `iss` = appId; `timeDifference` (seconds)
 * corrects this machine's clock to GitHub's. As @octokit/auth-app ≥ 8.1 takes it.
 */
export type CreateJwt = (appId: string | number, timeDifference?: number) => Promise<{ jwt: string; expiresAt: string }>

/** Where the App's key is: given (a secret), in AWS KMS (it never leaves it), or behind the caller's own signer. */
export type AppKey =
  | {
      kind: 'private-key'
      /** PKCS#8 PEM. A secret: never log it. */
      pem: string
    }
  | {
      kind: 'aws-kms'
      /** Key ID, key ARN, alias name (alias/…) or alias ARN. */
      keyId: string
      region: string
      /** Assumed with the job's OIDC token; undefined: credentials from the environment. */
      roleToAssume: string | undefined
    }
  | { kind: 'create-jwt'; createJwt: CreateJwt }
