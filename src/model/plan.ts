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

export interface Plan {
  /** Numeric App ID or Client ID (`Iv…`); both are accepted as the JWT issuer. */
  appId: string
  /** PKCS#8 PEM. A secret: never log it. */
  privateKey: string
  /** One or more, in input order, without duplicates. */
  targets: Target[]
  mode: Mode
  /** Skip the installation lookup when set (only with a single owner). */
  installationId: number | undefined
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
