import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFiles } from '../reconcile/helpers.js';

/**
 * A small app added to a generated project to watch the workflow commands from inside:
 * a model with personal data and an uploaded file, an anonymizer for it, and migrations
 * that record which backups existed when they ran and fail on request (PROBE_FAIL).
 */
const check = `
import os
from pathlib import Path


def check(apps, schema_editor):
    """Records the backups present when the migration runs; fails when asked to."""
    expected = os.environ.get("PROBE_EXPECT_BACKUP_IN")
    if expected:
        found = sorted(path.name for path in Path(expected).glob("*.dump"))
        with open(os.environ["PROBE_LOG"], "a") as log:
            log.write(f"{__name__}: {' '.join(found) or 'no backup'}\\n")
    if os.environ.get("PROBE_FAIL") == "migrate":
        raise RuntimeError("injected failure in a migration")
`;

const files: Record<string, string> = {
  'src/apps/probe/__init__.py': '',
  'src/apps/probe/apps.py': `from django.apps import AppConfig


class ProbeConfig(AppConfig):
    name = "probe"
    default_auto_field = "django.db.models.BigAutoField"
`,
  'src/apps/probe/models.py': `from django.db import models


class Note(models.Model):
    title = models.CharField(max_length=100)
    owner_email = models.EmailField()
    attachment = models.FileField(upload_to="notes/", blank=True)

    def __str__(self):
        return self.title
`,
  'src/apps/probe/anonymizers.py': `import os

from workflow import anonymizers

from .models import Note


def owner_email(note):
    if os.environ.get("PROBE_FAIL") == "anonymize":
        raise RuntimeError("injected failure while anonymizing")
    return f"note-{note.pk}@example.invalid"


anonymizers.register(Note, fields={"owner_email": owner_email})
`,
  'src/apps/probe/migrations/__init__.py': '',
  'src/apps/probe/migrations/0001_initial.py': `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Note",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=100)),
                ("owner_email", models.EmailField(max_length=254)),
                ("attachment", models.FileField(blank=True, upload_to="notes/")),
            ],
        ),
    ]
`,
  'src/apps/probe/migrations/0002_check.py': `from django.db import migrations
${check}

class Migration(migrations.Migration):
    dependencies = [("probe", "0001_initial")]
    operations = [migrations.RunPython(check, migrations.RunPython.noop)]
`,
};

/** The next release's migration: a new table, then the check; it cannot be reversed. */
export const releaseMigration: Record<string, string> = {
  'src/apps/probe/migrations/0003_audit.py': `from django.db import migrations
${check}

class Migration(migrations.Migration):
    dependencies = [("probe", "0002_check")]
    operations = [
        migrations.RunSQL("CREATE TABLE probe_audit (id serial PRIMARY KEY, note text)"),
        migrations.RunPython(check),
    ]
`,
};

/** Files written into the project, folders made as needed (the reconcile tests' helper). */
export { writeFiles };

/** Adds the probe app to the project and to its INSTALLED_APPS. */
export function addProbeApp(project: string): void {
  writeFiles(project, files);
  const appsSection = join(project, 'src/config/sections/apps.py');
  const text = readFileSync(appsSection, 'utf8');
  if (!text.includes('INSTALLED_APPS = [')) throw new Error('apps section has no INSTALLED_APPS list');
  writeFileSync(appsSection, text.replace('INSTALLED_APPS = [', 'LOCAL_APPS += ["probe"]\n\nINSTALLED_APPS = ['));
}
