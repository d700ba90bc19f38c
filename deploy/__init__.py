"""Running the shop as a deployment: the Procfile's processes behind nginx
(`python -m deploy.stack up|down|status`, which `make up` and `make down`
call). A tool, like bench/: not part of the Django project."""
