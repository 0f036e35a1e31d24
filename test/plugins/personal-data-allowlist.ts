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
  django_site: "the site's domain and display name",
  django_celery_beat_periodictask: 'task schedules: task names, routing keys and arguments the team defines',
  df_auth_userregistration: 'whether a user is still registering, and who invited them: references to users, nothing of their own',
  df_notifications_custompushmessage: 'push messages the team writes to an audience (title, body, link), not a person\'s data',
  df_notifications_custompushmessage_audience: 'which users a team-written push message goes to: references only',
  df_notifications_pushaction: "push notification buttons (name, text) the team defines",
  df_notifications_pushactioncategory: 'categories of push notification buttons the team defines',
  df_remote_config_configattribute: 'front-end configuration attributes the team defines',
  df_remote_config_configpart: 'front-end configuration parts (JSON) the team defines',
};
