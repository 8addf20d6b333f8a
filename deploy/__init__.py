"""Running more than one replica: nginx configuration, start script, Dockerfile."""
