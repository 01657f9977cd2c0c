/**
 * The server's password policy, checked in the form so the user learns before submitting:
 * at least 8 characters with at least 3 of upper case, lower case, digits and symbols.
 */
export function meetsPolicy(password: string): boolean {
  if (password.length < 8) return false;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password));
  return classes.length >= 3;
}
