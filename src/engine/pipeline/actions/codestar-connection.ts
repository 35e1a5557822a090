/** Source `CodeStarSourceConnection` (Bitbucket, GitHub, GitLab through a connection), read from a local repository. */
import { gitSourceProvider } from './git-source.js';

export const codeStarConnectionProvider = gitSourceProvider({
  type: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
  branch: (c) => c.BranchName,
  repository: (c) => c.FullRepositoryId ?? '?',
  supportsCloneRef: true,
  // §4.2: AuthorDate, BranchName, CommitId, CommitMessage, ConnectionArn, FullRepositoryName.
  variables: (info, c) => ({
    AuthorDate: info.authorDate,
    BranchName: c.BranchName ?? '',
    CommitId: info.commit,
    CommitMessage: info.message,
    ConnectionArn: c.ConnectionArn ?? '',
    FullRepositoryName: c.FullRepositoryId ?? '',
  }),
  // UNCERTAIN (§2.1): the clone URL CodeBuild receives for connection sources.
  cloneUrl: (c, ctx) => {
    const id = (c.ConnectionArn ?? '').split('/').pop() ?? '';
    const region = ctx.services.region;
    return `https://codestar-connections.${region}.amazonaws.com/git-http/${ctx.services.accountId}/${region}/${id}/${c.FullRepositoryId}.git`;
  },
});
