import { UsageError } from './errors';
import { releaseMetadata } from './release-metadata';

describe('releaseMetadata', () => {
  it('reads GitLab CI variables', () => {
    expect(
      releaseMetadata({}, { CI_COMMIT_SHA: 'ABCDEF1234', CI_COMMIT_TIMESTAMP: '2026-11-28T09:00:00+01:00', CI_PIPELINE_URL: 'https://gitlab.example/g/p/-/pipelines/7', CI_COMMIT_AUTHOR: 'Ada <ada@example.org>' }),
    ).toEqual({ commit: 'abcdef1234', commitTime: '2026-11-28T08:00:00.000Z', pipelineUrl: 'https://gitlab.example/g/p/-/pipelines/7', author: 'Ada <ada@example.org>' });
  });

  it('reads GitHub Actions and Jenkins variables, and flags win over all of them', () => {
    expect(releaseMetadata({}, { GITHUB_SHA: 'a1b2c3d', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '42', GITHUB_ACTOR: 'ada' })).toEqual({
      commit: 'a1b2c3d',
      pipelineUrl: 'https://github.com/o/r/actions/runs/42',
      author: 'ada',
    });
    expect(releaseMetadata({ commit: '1234567', commitTime: '1795860000' }, { GIT_COMMIT: 'fffffff', BUILD_URL: 'https://jenkins.example/job/x/3/' })).toEqual({
      commit: '1234567',
      commitTime: '2026-11-28T10:00:00.000Z',
      pipelineUrl: 'https://jenkins.example/job/x/3/',
    });
  });

  it('is nothing outside CI without flags', () => {
    expect(releaseMetadata({}, {})).toBeUndefined();
  });

  it.each([
    [{ commit: 'main' }, 'invalid --commit "main": use a commit hash (7 to 64 hex digits)'],
    [{ commitTime: 'yesterday' }, 'invalid --commit-time "yesterday"'],
    [{ pipelineUrl: 'ftp://x/y' }, 'invalid --pipeline-url "ftp://x/y": use an http(s) URL'],
  ])('refuses %j with exit 2', (flags, message) => {
    expect(() => releaseMetadata(flags, {})).toThrow(UsageError);
    expect(() => releaseMetadata(flags, {})).toThrow(message);
  });
});
