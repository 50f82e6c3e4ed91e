import os

from django.core.wsgi import get_wsgi_application

from congress.startup import require_collected_static

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")
application = get_wsgi_application()
require_collected_static()
