/** Source `ThirdParty/GitHub` version 1 (OAuth, legacy), read from a local repository; the token is never used. */
import { gitSourceProvider } from './git-source.js';

export const gitHubV1Provider = gitSourceProvider({
  type: { category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' },
  branch: (c) => c.Branch,
  repository: (c) => `${c.Owner ?? '?'}/${c.Repo ?? '?'}`,
  supportsCloneRef: false,
  // §4.2: AuthorDate, BranchName, CommitId, CommitMessage, CommitterDate, CommitUrl, RepositoryName.
  variables: (info, c) => ({
    AuthorDate: info.authorDate,
    BranchName: c.Branch ?? '',
    CommitId: info.commit,
    CommitMessage: info.message,
    CommitterDate: info.committerDate,
    CommitUrl: `https://github.com/${c.Owner}/${c.Repo}/commit/${info.commit}`,
    RepositoryName: c.Repo ?? '',
  }),
  revisionUrl: (c, commit) => `https://github.com/${c.Owner}/${c.Repo}/commit/${commit}`,
});
