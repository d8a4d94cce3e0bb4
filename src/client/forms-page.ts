// The entry point of /scripts/forms.js, the one script of the form pages.
import { enhance } from './enhance-form.ts';

enhance();
