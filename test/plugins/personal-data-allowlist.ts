/**
 * Tables of a project with every plugin whose name or columns look personal or secret to
 * personal-data.test.ts but hold neither, each with the reason. A table belongs here only
 * when pulling it from production into a developer's database leaks nothing about a
 * person and no credential; anything else is declared in a manifest's `personalData`
 * (or templates/core.yaml's) so the generated anonymizer covers it.
 */
export const notPersonal: Record<string, string> = {
  auth_group: 'role names (Editors, Staff), defined by the team',
  auth_permission: 'permission names generated from the models',
  django_content_type: 'app and model names',
  django_migrations: 'migration names',
};
