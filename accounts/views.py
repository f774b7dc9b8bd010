from django.contrib.auth import views as auth_views

from accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    """Login in Bahasa Indonesia; django-axes locks the account after repeated failures."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
