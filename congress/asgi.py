import os

from django.core.asgi import get_asgi_application

from congress.startup import require_collected_static

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")
application = get_asgi_application()
require_collected_static()
