import { email, employeeId, text } from './fields.ts';

/** Who is asking: the same fields on every staff form, so a person types them the same way everywhere. */
export const identity = {
  fullName: text('Full name', { autocomplete: 'name', max: 120 }),
  email: email('Work email address', { autocomplete: 'email', hint: 'We send updates about your request here.' }),
  employeeId: employeeId('Employee ID', { hint: 'On your pay stub, for example 104233.' }),
  site: text('Site or department', { max: 120, hint: 'For example, Oak Grove Elementary or Food and Nutrition Services.' }),
  jobTitle: text('Job title', { autocomplete: 'organization-title', max: 120 }),
};

export const supervisor = {
  supervisorName: text('Supervisor name', { max: 120 }),
  supervisorEmail: email('Supervisor email address'),
};

export const IDENTITY_FIELDS = ['fullName', 'email', 'employeeId', 'site', 'jobTitle'] as const;
export const SUPERVISOR_FIELDS = ['supervisorName', 'supervisorEmail'] as const;
