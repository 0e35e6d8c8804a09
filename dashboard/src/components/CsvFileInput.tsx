/** A labelled CSV file picker; `onFile` gets the chosen file, or undefined when the choice was cleared. */
export function CsvFileInput({
  id,
  label,
  onFile,
}: {
  id: string;
  label: string;
  onFile: (file: File | undefined) => void;
}) {
  return (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => onFile(e.currentTarget.files?.[0])}
      />
    </>
  );
}
