// The login page: Spring Security's form login at POST /login, with the CSRF token from the XSRF-TOKEN cookie
// (the page's own GET set it). ?error: wrong username or password; ?signed-out; ?expired: the session ended.
import { csrfToken } from './api.js';

const MESSAGES = {
  error: 'Wrong username or password, or the account is disabled.',
  'signed-out': 'You are signed out.',
  expired: 'Your session ended; sign in again.',
};

const params = new URLSearchParams(location.search);
const reason = Object.keys(MESSAGES).find((key) => params.has(key));
if (reason) {
  const message = document.getElementById('login-message');
  message.textContent = MESSAGES[reason];
  message.hidden = false;
  if (reason === 'error') message.classList.add('flash-error');
}

const form = document.getElementById('login');
form.addEventListener('submit', () => {
  form.elements._csrf.value = csrfToken() ?? '';
});
