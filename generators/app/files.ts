import type { RenderContext } from '../../lib/context.js';

/**
 * Which optional project files are generated, as data: a path prefix under
 * templates/project/ and the condition on the context that includes it.
 * Paths not matched by any rule are always generated. The longest matching prefix wins.
 */
export interface FileRule {
  prefix: string;
  when: (c: RenderContext) => boolean;
}

export const projectFileRules: FileRule[] = [
  { prefix: '.github/', when: (c) => c.ci === 'github' },
  { prefix: '.gitlab-ci.yml', when: (c) => c.ci === 'gitlab' },
  { prefix: '.pre-commit-config.yaml', when: (c) => c.preCommit },
  { prefix: 'base/Dockerfile', when: (c) => c.docker },
  { prefix: 'src/Dockerfile', when: (c) => c.docker },
  { prefix: '.dockerignore', when: (c) => c.docker },
  { prefix: 'docker-compose.yml', when: (c) => c.docker },
  { prefix: 'tools/build-images', when: (c) => c.docker },
  { prefix: 'deploy/kubernetes/', when: (c) => c.deploy === 'kubernetes' },
  // The longest prefix wins: these repeat the deploy condition.
  { prefix: 'deploy/kubernetes/base/api.yaml', when: (c) => c.deploy === 'kubernetes' && c.has('drf') },
  { prefix: 'deploy/kubernetes/base/worker.yaml', when: (c) => c.deploy === 'kubernetes' && c.has('celery') },
  { prefix: 'deploy/kubernetes/base/beat.yaml', when: (c) => c.deploy === 'kubernetes' && c.has('celery') },
  // Pieces the manifests include, never files of their own.
  { prefix: 'deploy/kubernetes/_partials/', when: () => false },
  { prefix: 'LICENSE', when: (c) => c.license !== 'proprietary' },
];
