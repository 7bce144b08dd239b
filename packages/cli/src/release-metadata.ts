// Where a release comes from: commit, commit time, pipeline and author. Flags win; without
// them the CI system's own variables are read (GitLab CI, GitHub Actions, Jenkins), so a
// pipeline that only runs `cutover release` still records them on the deployment.
import type { ReleaseMetadata } from '@cutover/contracts';
import { UsageError } from './errors';

export interface MetadataFlags {
  commit?: string;
  commitTime?: string;
  pipelineUrl?: string;
  author?: string;
}

type Env = Record<string, string | undefined>;

const github = (env: Env) =>
  env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;

/** The metadata to send, or undefined when neither flags nor CI variables give any. */
export function releaseMetadata(flags: MetadataFlags, env: Env): ReleaseMetadata | undefined {
  const found = {
    commit: flags.commit ?? env.CI_COMMIT_SHA ?? env.GITHUB_SHA ?? env.GIT_COMMIT,
    commitTime: flags.commitTime ?? env.CI_COMMIT_TIMESTAMP,
    pipelineUrl: flags.pipelineUrl ?? env.CI_PIPELINE_URL ?? github(env) ?? env.BUILD_URL,
    author: flags.author ?? env.CI_COMMIT_AUTHOR ?? env.GITHUB_ACTOR ?? env.GIT_AUTHOR_NAME ?? env.GIT_COMMITTER_NAME,
  };
  const metadata: ReleaseMetadata = {};
  if (found.commit) metadata.commit = commitSha(found.commit);
  if (found.commitTime) metadata.commitTime = commitTime(found.commitTime);
  if (found.pipelineUrl) metadata.pipelineUrl = pipelineUrl(found.pipelineUrl);
  if (found.author) metadata.author = found.author.slice(0, 256);
  return Object.keys(metadata).length > 0 ? metadata : undefined;
}

function commitSha(value: string): string {
  if (!/^[0-9a-f]{7,64}$/i.test(value)) throw new UsageError(`invalid --commit "${value}": use a commit hash (7 to 64 hex digits)`);
  return value.toLowerCase();
}

/** ISO 8601 (GitLab's CI_COMMIT_TIMESTAMP, `git log --format=%cI`) or Unix seconds (`%ct`). */
function commitTime(value: string): string {
  const ms = /^\d{9,11}$/.test(value) ? Number(value) * 1000 : /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`invalid --commit-time "${value}": use an ISO 8601 time (2026-11-28T10:00:00Z) or Unix seconds`);
  return new Date(ms).toISOString();
}

function pipelineUrl(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || value.length > 2048) throw new UsageError(`invalid --pipeline-url "${value}": use an http(s) URL`);
  return value;
}
