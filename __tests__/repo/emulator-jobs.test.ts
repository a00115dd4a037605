/** The emulator's job and artifact timeline, which the wait-jobs tests rely on. */
import { expect, test } from '@jest/globals'
import { artifactBlob, artifactVisible, jobState, unzippedArtifact } from '../../emulator/run-jobs.js'

const going = { status: 'in_progress', conclusion: null }
const done = (conclusion: string, at: number) => ({ status: 'completed', conclusion, completedAt: 1_000 + at })

test('a job is listed after appearMs, queued until startMs, in progress until doneMs, then completed', () => {
  const job = { name: 'deploy', conclusion: 'success', appearMs: 100, startMs: 200, doneMs: 300 }
  expect(jobState(job, 50, going, 1_000)).toMatchObject({ listed: false })
  expect(jobState(job, 150, going, 1_000)).toMatchObject({ listed: true, status: 'queued', conclusion: null })
  expect(jobState(job, 250, going, 1_000)).toMatchObject({ status: 'in_progress', startedAt: 1_200 })
  expect(jobState(job, 350, going, 1_000)).toMatchObject({ status: 'completed', conclusion: 'success', completedAt: 1_300 })
})

test('without timing a job ends with the run; a job the run ended first is cancelled; one never reached is never listed', () => {
  expect(jobState({ name: 'e2e', conclusion: 'success' }, 10, going, 1_000)).toMatchObject({ status: 'in_progress' })
  expect(jobState({ name: 'e2e', conclusion: 'failure' }, 600, done('failure', 500), 1_000)).toMatchObject({
    status: 'completed',
    conclusion: 'failure',
    completedAt: 1_500
  })
  expect(jobState({ name: 'e2e', conclusion: 'success', doneMs: 900 }, 600, done('cancelled', 500), 1_000)).toMatchObject({
    conclusion: 'cancelled'
  })
  expect(jobState({ name: 'late', conclusion: 'success', appearMs: 800 }, 900, done('success', 500), 1_000)).toMatchObject({
    listed: false
  })
})

test('an artifact of a job is visible once that job has completed; one without a job once the run has', () => {
  const jobs = [{ name: 'build', conclusion: 'success', doneMs: 300 }]
  const ofBuild = unzippedArtifact('outputs.json', '{}', { job: 'build' })
  const ofRun = unzippedArtifact('outputs.json', '{}')
  expect(artifactVisible(ofBuild, jobs, 100, going, 0)).toBe(false)
  expect(artifactVisible(ofBuild, jobs, 400, going, 0)).toBe(true)
  expect(artifactVisible(ofRun, jobs, 400, going, 0)).toBe(false)
  expect(artifactVisible(ofRun, jobs, 400, done('success', 350), 0)).toBe(true)
})

test('an unzipped artifact is named after its file and served with its content type; a zip as application/zip', () => {
  expect(artifactBlob(unzippedArtifact('outputs.json', '{}'))).toEqual({ bytes: Buffer.from('{}'), contentType: 'application/json' })
  expect(artifactBlob(unzippedArtifact('app-dispatch-outputs', '{}')).contentType).toBe('application/octet-stream')
  expect(artifactBlob({ name: 'x', zip: Buffer.from('PK') }).contentType).toBe('application/zip')
})
