/** Source `CodeCommit`, read from a local repository. */
import { gitSourceProvider } from './git-source.js';

export const codeCommitProvider = gitSourceProvider({
  type: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
  branch: (c) => c.BranchName,
  repository: (c) => c.RepositoryName ?? '?',
  supportsCloneRef: true,
  // §4.2: AuthorDate, BranchName, CommitId, CommitMessage, CommitterDate, RepositoryName.
  variables: (info, c) => ({
    AuthorDate: info.authorDate,
    BranchName: c.BranchName ?? '',
    CommitId: info.commit,
    CommitMessage: info.message,
    CommitterDate: info.committerDate,
    RepositoryName: c.RepositoryName ?? '',
  }),
  cloneUrl: (c, ctx) => `https://git-codecommit.${ctx.services.region}.amazonaws.com/v1/repos/${c.RepositoryName}`,
});
